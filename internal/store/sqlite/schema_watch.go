package sqlite

// watchSchema is migration step 6. Placeholder until the real tables land; a
// step is never edited once released.
const watchSchema = `SELECT 1;`
