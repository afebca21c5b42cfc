-- A name per kiosk ("Store 12, by the door"), set from the dashboard's kiosk health view; heartbeats keep it.
ALTER TABLE kiosks ADD COLUMN name text;
