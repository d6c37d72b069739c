# The feedback API (FastAPI under uvicorn): survey answers, the detractor queue, NPS/CSAT
# reports, the agent console and dashboard, Prometheus /metrics. Build from the repo root:
#   docker build -f deploy/api.Dockerfile -t closedloop-api .
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CLOSEDLOOP_ENVIRONMENT=production CLOSEDLOOP_API_HOST=0.0.0.0 CLOSEDLOOP_API_PORT=8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
WORKDIR /app
# Exact versions from the lock (pip constraints), the same as CI; no extras (TextBlob
# sentiment), so the image stays small. Install dependencies before copying the code so a
# code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY requirements/main.lock requirements/main.lock
COPY feedback_api feedback_api
COPY sentiment sentiment
COPY closedloop closedloop
COPY bot bot
RUN pip install --no-cache-dir -c requirements/main.lock . \
    && useradd --system --home-dir /app closedloop \
    && mkdir -p /tmp/prometheus /app/var/outbox && chown -R closedloop /tmp/prometheus /app/var
USER closedloop
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
# Four workers, as in README "Deploy"; PROMETHEUS_MULTIPROC_DIR merges their latencies.
CMD ["uvicorn", "feedback_api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
