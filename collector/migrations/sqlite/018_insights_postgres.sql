-- migrations/postgres/018_insights.sql creates PostgreSQL's insight tables; SQLite has had them since 011.
-- This file keeps the numbering of both dialects equal; it creates nothing.
SELECT 1;
