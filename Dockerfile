FROM python:3.11-slim
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1 GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
COPY pyproject.toml README.md ./
COPY assistant assistant
COPY core core
COPY ingest ingest
COPY eval eval
COPY ui ui
COPY corpus corpus
RUN pip install .
EXPOSE 8000
# Ingest is incremental: at every start it only costs time when files changed.
CMD ["sh", "-c", "lob ingest corpus/ && lob serve --host 0.0.0.0 --port 8000"]
