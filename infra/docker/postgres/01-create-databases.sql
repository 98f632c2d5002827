-- One database per service (docs/architecture.md): each service's DATABASE_URL in docker-compose.yml names its own.
-- Runs once, when the postgres volume is empty (docker-entrypoint-initdb.d). Inside each database the
-- service keeps its tables in a schema named after it (libs/persistence).
CREATE DATABASE auth_service;
CREATE DATABASE inventory_service;
CREATE DATABASE order_service;
CREATE DATABASE notification_service;
CREATE DATABASE reporting_service;
