# The geokg API for docker-compose.yml: `geokg serve` over Neo4j.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
RUN pip install . && useradd --create-home --uid 10001 geokg
# The sample corpus, so `docker compose exec api geokg ingest seeds/` works.
COPY seeds ./seeds

ENV GEOKG_HOST=0.0.0.0 \
    GEOKG_PORT=8000 \
    GEOKG_STORE=neo4j \
    GEOKG_NEO4J_URI=bolt://neo4j:7687

USER geokg
EXPOSE 8000
CMD ["geokg", "serve"]
