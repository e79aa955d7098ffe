"""Text generation behind a Modal class, and the scripts that call and scale it.

Written for Modal 0.64-0.72, when a class took its parameters through `__init__` and warm pools
were sized with `.keep_warm(n)`.
"""
import modal
import modal.experimental

image = modal.Image.debian_slim(python_version="3.11").pip_install("transformers", "torch")
app = modal.App("legacy-models", image=image)


@app.cls(gpu="A10G")
class Generator:
    def __init__(self, model_name: str = "gpt2", max_tokens: int = 128):
        self.model_name = model_name
        self.max_tokens = max_tokens

    @modal.enter()
    def load(self):
        from transformers import pipeline

        self.pipe = pipeline("text-generation", model=self.model_name)

    @modal.method()
    def generate(self, prompt: str) -> str:
        return self.pipe(prompt, max_new_tokens=self.max_tokens)[0]["generated_text"]


@app.function()
def summarize(text: str) -> str:
    return Generator("gpt2-medium", 64).generate.remote(f"Summarize: {text}")


def business_hours():
    """Run by cron at 8am: warm containers for the day."""
    summarize.keep_warm(2)
    modal.experimental.update_autoscaler(Generator(), min_containers=1, scaledown_window=600)  # noqa: MDL112


@app.local_entrypoint()
def main(prompt: str = "Once upon a time"):
    # The default model, without creating an instance first.
    print(Generator.generate.remote(prompt))

    # A bigger GPU that serves several requests at once for the demo.
    demo = Generator.with_options(gpu="A100", allow_concurrent_inputs=8)
    print(demo("gpt2-large").generate.remote(prompt))

    # What other teams' code does: look the method up on the deployed app.
    generate = modal.Function.from_name("legacy-models", "Generator.generate")
    print(generate.remote(prompt))
