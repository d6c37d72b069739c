-- Run once by the postgres image on an empty data volume: Rasa's tracker store gets its own
-- database beside ClosedLoop's (bot/endpoints.production.yml, RASA_TRACKER_DB_NAME).
CREATE DATABASE rasa_tracker;
