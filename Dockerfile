# Peacewatch: `docker build -t peacewatch .` then
# `docker run -e TELEGRAM_BOT_TOKEN=... -v peacewatch-data:/data peacewatch` (one process,
# SQLite), or `docker compose up -d` (the roles on PostgreSQL: docker-compose.yml).
FROM python:3.11-slim

# jemalloc instead of glibc's malloc: feedparser's many small, short-lived objects
# fragment glibc's per-thread arenas until a long-running poller holds several times the
# memory it uses; jemalloc gives it back.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libjemalloc2 \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s "$(find /usr/lib -name libjemalloc.so.2 | head -n 1)" /usr/local/lib/libjemalloc.so.2

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LD_PRELOAD=/usr/local/lib/libjemalloc.so.2 \
    DATA_DIR=/data \
    FEEDS_FILE=/app/feeds.yaml \
    METRICS_ADDR=0.0.0.0:9464

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . && useradd --system --uid 10001 --home-dir /app peacewatch \
    && mkdir -p /data && chown peacewatch /data
COPY feeds.yaml ./
COPY seeds ./seeds

USER peacewatch
VOLUME ["/data"]
EXPOSE 9464
# Alive while the service's event loop answers /healthz on METRICS_ADDR's port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ['METRICS_ADDR'].rpartition(':')[2]; urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4)"]
CMD ["python", "-m", "bot", "run"]
