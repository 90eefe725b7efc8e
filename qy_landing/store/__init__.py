"""Storage: SQLModel tables, engines and sessions, schema migrations. The only home of SQL."""
