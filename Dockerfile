# Peacewatch: `docker build -t peacewatch .` then
# `docker run -e TELEGRAM_BOT_TOKEN=... -v peacewatch-data:/data peacewatch`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATA_DIR=/data \
    FEEDS_FILE=/app/feeds.yaml

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . && useradd --system --uid 10001 --home-dir /app peacewatch \
    && mkdir -p /data && chown peacewatch /data
COPY feeds.yaml ./
COPY seeds ./seeds

USER peacewatch
VOLUME ["/data"]
CMD ["python", "-m", "bot", "run"]
