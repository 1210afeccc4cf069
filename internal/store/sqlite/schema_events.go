package sqlite

// eventsSchema is migration step 4. Placeholder until the real tables land; a
// step is never edited once released.
const eventsSchema = `SELECT 1;`
