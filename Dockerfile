# The Hub's web image: gunicorn serving the Django/Wagtail app, static files by whitenoise.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=hub.settings.production
# gunicorn's worker count: four a core, as a worker spends much of a request waiting for
# PostgreSQL and Redis (bench/load.py on 2 cores: 8 workers served the most searches).
ENV WEB_CONCURRENCY=8
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md constraints.txt ./
COPY hub hub
COPY resources resources
COPY network network
COPY search search
# The exact versions `make install` gets (constraints.txt, refreshed by `make lock`).
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# A placeholder key, long enough for the production settings and never used at run time.
RUN SECRET_KEY=collectstatic-only-never-used-to-sign-anything-at-run-time \
    python manage.py collectstatic --noinput
RUN useradd --create-home hub && mkdir -p /app/media && chown hub /app/media
USER hub
EXPOSE 8000
CMD ["gunicorn", "hub.wsgi:application", "--bind", "0.0.0.0:8000"]
