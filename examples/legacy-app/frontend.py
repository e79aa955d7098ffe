"""The web frontend and the PDF report renderer.

Written for Modal 0.6x, when local files reached containers through `modal.Mount` objects.
"""
import modal

# Local files the frontend reads at runtime.
static_files = modal.Mount.from_local_dir("assets", remote_path="/root/static")
settings = modal.Mount.from_local_file("config.yaml", remote_path="/root/config.yaml")
shared_code = modal.Mount.from_local_python_packages("helpers")

# Fonts the platform team deployed once as a named Mount.
brand_fonts = modal.Mount.from_name("brand-fonts")

web_image = modal.Image.debian_slim(python_version="3.11").pip_install("fastapi[standard]", "jinja2")

# The renderer is built from a Dockerfile; its COPY lines read from this directory.
renderer_image = modal.Image.from_dockerfile(
    "renderer.Dockerfile",
    context_mount=modal.Mount.from_local_dir(".", remote_path="/"),
).copy_mount(modal.Mount.from_local_dir("assets", remote_path="/srv/assets"), remote_path="/")

app = modal.App("legacy-frontend")


def frontend_mounts(extra: list[modal.Mount]) -> list[modal.Mount]:
    return [static_files, settings, shared_code, brand_fonts, *extra]


@app.function(image=web_image, mounts=frontend_mounts([]))
@modal.asgi_app()
def web():
    from fastapi import FastAPI

    return FastAPI(title="legacy frontend")


@app.cls(
    image=renderer_image,
    mounts=[modal.Mount.from_local_file("config.yaml", remote_path="/srv/config.yaml")],
)
class Renderer:
    @modal.build()
    def warm_font_cache(self):
        import subprocess

        subprocess.run(["fc-cache", "-f"], check=True)

    @modal.method()
    def render(self, html: str) -> bytes:
        return html.encode()
