# Close for Gmail, ready for Cloud Run: slim Python, a non-root user, gunicorn threads on $PORT.
# /metrics adds up the counts of gunicorn's workers through files in PROMETHEUS_MULTIPROC_DIR.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY addon ./addon
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=8080 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
COPY --from=build /install /usr/local
RUN useradd --create-home --uid 10001 addon
USER addon
WORKDIR /home/addon
EXPOSE 8080
# Threads, not processes: each request mostly waits on Gmail and Close.
CMD ["close-addon", "serve"]
