"""The ingestion pipeline: the oldest code of the project, from the `modal.Stub` days (0.5x-0.62).

Pulls documents from the source API, transcribes audio on a GPU and keeps the results in a Dict.
"""
import modal

stub = modal.Stub("legacy-ingest")

# CUDA came from conda back then; later layers were added with `extend`.
base_image = (
    modal.Image.conda()
    .conda_install("cudatoolkit=11.8", channels=["nvidia"])
    .pip_install("torch", "--index-url", "https://download.pytorch.org/whl/cu118")
)
image = base_image.extend(dockerfile_commands=["RUN apt-get update && apt-get install -y ffmpeg"])

api_token = modal.Secret.from_name(label="source-api-token")
scratch = modal.Volume.persisted("ingest-scratch")
stub.results = modal.Dict.new()
stub["pending"] = modal.Queue.persisted("ingest-pending")


@stub.function(image=image, secret=api_token, interactive=False)
def fetch(doc_id: str) -> bytes:
    import urllib.request

    return urllib.request.urlopen(f"https://source.example.com/docs/{doc_id}").read()


@stub.function(
    image=image,
    gpu="T4",
    volumes={"/scratch": scratch},
    checkpointing_enabled=True,
    _allow_background_volume_commits=True,
    _experimental_boost=True,
)
def transcribe(path: str):
    # Streams one line of text per audio segment.
    with open(path) as f:
        for line in f:
            yield line.strip()


@stub.cls(image=image, gpu="T4")
class Tagger:
    @modal.method(keep_warm=1)
    def tags(self, text: str) -> list:
        return sorted(set(text.lower().split()))[:5]


@stub.function(image=image, interactive=True)
@modal.web_endpoint(method="POST", wait_for_response=False)
def submit(body: dict) -> dict:
    stub["pending"].put(body["doc_id"])
    return {"queued": body["doc_id"]}


@stub.function(image=image)
@modal.asgi_app()
def dashboard(title="Ingest"):
    from fastapi import FastAPI

    api = FastAPI(title=title)
    api.get("/count")(lambda: {"documents": stub.results.len()})
    return api


def cleanup():
    """Drop the scratch volume between full re-ingests."""
    scratch.delete()


if __name__ == "__main__":
    with stub.run(show_progress=True):
        scratch.resolve()
        call = transcribe.spawn("/scratch/meeting.txt")
        for line in call.get_gen():
            print(line)
        print("submit at", submit.web_url)
        for tag, obj in stub.indexed_objects.items():
            print(tag, obj)
