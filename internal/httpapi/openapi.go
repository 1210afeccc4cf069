package httpapi

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/readout/readout/internal/news"
)

// openapiYAML is the API's OpenAPI 3 document, written by hand and kept
// true by a test that validates real responses of every endpoint
// against it.
//
//go:embed openapi.yaml
var openapiYAML []byte

var openapiJSON = sync.OnceValues(func() ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(openapiYAML, &doc); err != nil {
		return nil, news.E("httpapi.OpenAPI", news.KindInternal, err)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, news.E("httpapi.OpenAPI", news.KindInternal, err)
	}
	return b, nil
})

// OpenAPI returns the OpenAPI 3 document as JSON.
func OpenAPI() ([]byte, error) { return openapiJSON() }

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	b, err := OpenAPI()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
