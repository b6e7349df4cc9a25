# A hosted demo on a small machine: CPU-only PyTorch, non-root, hosted-mode limits.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NNLAB_HOSTED=1 \
    NNLAB_DATA_DIR=/app/data \
    STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none \
    STREAMLIT_SERVER_MAX_UPLOAD_SIZE=2 \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none

RUN useradd --create-home --uid 1000 lab
WORKDIR /app

# CPU-only torch first (about 200 MB instead of several GB of CUDA libraries);
# requirements.txt's torch==2.14.1 then matches the installed 2.14.1+cpu.
COPY requirements.txt .
RUN pip install torch==2.14.1 torchvision==0.29.1 --index-url https://download.pytorch.org/whl/cpu \
 && pip install -r requirements.txt

COPY --chown=lab:lab . .
RUN mkdir -p /app/data && chown lab:lab /app/data
USER lab

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
