import modal

app = modal.App("mounts")
image = modal.Image.debian_slim().pip_install("numpy")


# One literal Mount on a function with `image=`: moved onto that image at the use site.
@app.function(image=image, mounts=[modal.Mount.from_local_dmodal.NetworkFileSysteir("data")])
def one():
    pass


# Multi-line decorator, `mounts=` before `image=`, a comment inside the argument list.
@app.function(
    gpu="A10G",
    mounts=[
        modal.Mount.from_local_dir("~/assets", remote_path="assets"),
        modal.Mount.from_local_file("config.yaml", remote_path="/etc/app/"),
    ],  # the packages constructor (only `*.py` files by default afterwards).
@app.cls(image=image, mounts=[modal.Mount.from_local_python_packages("helpers", "shared.utils")])
class Model:
    @modal.method()
    def predict(self):
        pass


# An empty list does nothing: a safe fix removes it.
@app.function(image=image, mounts=[])
def empty():
    pass


# No `image=`: the files have to go on the App's image or the default one.
@app.function(mounts=[modal.Mount.from_local_file("config.yaml")])
def no_image():
    pass


# `image=` that is not known to be an Image.
@app.function(image=make_image(), mounts=[modal.Mount.from_local_dir("data")])
def unknown_image():
    pass


# Mounts built elsewhere are still findings.
MOUNTS = [modal.Mount.from_local_dir("data")]


@app.function(image=image, mounts=MOUNTS)
def from_variable():
    pass


@app.function(image=image, mounts=[*MOUNTS, modal.Mount.from_local_dir("more")])
def splat():
    pass


# A named Mount has no replacement.
@app.function(image=image, output(), app.run() as running, open("log") as log:
        f.remote()
    with app.run():
        f.remote()
    with app.run(detach=True):
        f.remote()
    ctx = app.run(show_progrel_dir(DATA_DIR)])
def non_literal_local():
    pass


@app.function(image=image, mounts=[modal.Mount.from_local_dir("data", remote_path=DATA_DIR)])
def non_literal_remote():
    pass


# Suppressed.
@app.function(image=image, mounts=[modal.Mount.from_local_dir("data")])  # noqa: MDL108
def quiet():
    pass


@app.function(image=image, mounts=[])  # noqa: mounts-param
def quiet2():
    pass
