package sqlite

// alertsSchema is migration step 7. Placeholder until the real tables
// land; a step is never edited once released.
const alertsSchema = `SELECT 1;`
