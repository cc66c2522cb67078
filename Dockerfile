# The dutygraph API, served against the Neo4j of docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN python3 -m venv .venv && .venv/bin/pip install -e .
ENV PATH="/app/.venv/bin:${PATH}"
EXPOSE 8000
# 0.0.0.0 inside the container only; compose publishes the port on the host's 127.0.0.1.
CMD ["dutygraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
