"""A nightly batch app. Before Modal 1.0, `helpers` reached the container by "automounting";
from 1.0 the image must add it with `add_local_python_source("helpers")`."""
import modal

import helpers

image = modal.Image.debian_slim(python_version="3.11")
app = modal.App("legacy-batch", image=image)


@app.function(schedule=modal.Period(days=1))
def nightly() -> str:
    return helpers.normalize("  Nightly   RUN ")
