package sqlite

// storiesSchema is migration step 5. Placeholder until the real tables land; a
// step is never edited once released.
const storiesSchema = `SELECT 1;`
