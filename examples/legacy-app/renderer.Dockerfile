FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig wkhtmltopdf
COPY assets /srv/assets
