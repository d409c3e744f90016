-- Run once by the postgres image on a new volume (docker-compose.yml): Keycloak keeps its data in a
-- database of its own beside the services' one.
CREATE DATABASE keycloak;
