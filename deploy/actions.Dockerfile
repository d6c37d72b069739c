# The Rasa action server (rasa_sdk serving bot.actions): surveys, support answers, order
# lookup; it stores answers through feedback_api. Build from the repo root:
#   docker build -f deploy/actions.Dockerfile -t closedloop-actions .
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 CLOSEDLOOP_ENVIRONMENT=production
WORKDIR /app
COPY pyproject.toml README.md ./
COPY requirements/main.lock requirements/main.lock
COPY feedback_api feedback_api
COPY sentiment sentiment
COPY closedloop closedloop
COPY bot bot
RUN pip install --no-cache-dir -c requirements/main.lock . \
    && useradd --system --home-dir /app closedloop \
    && mkdir -p /app/var/outbox && chown -R closedloop /app/var
USER closedloop
EXPOSE 5055
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=2)"
CMD ["python", "-m", "bot.actions.server", "--actions", "bot.actions", "--port", "5055"]
