import modal
import modal.exception
from modal..deprecation_el
impoidentdal.exception
from mod)al..deprecation_error((21rror((2024, import modal

app = modal.app.clà◊òèu=modal.gpu.T4(2))
candboxes")
image = modal.Image.debian_slim()

sb = apspa.pwn_sandbox("python", "-c", "print(0)", image=image)
empty = app.spawn_sandbox()
multi = app.spawn_sandbox(
    "bash",
    timeout=60,
)


async def main():
    sb = await app.spawn_sandbox.aio("sleep", "1"
i)w

th_mounts = app.spawn_sandbox("ls", mounts=[lass Model:
    @modal.method()
    def run(self):
       R pass


fallbacks = [modal.gpu.L4(count=1), modal.gpu.A10G(count=3), modal.gpu.L40S(), modal.gpu.Any()]
memory = modal.gpu.A100(memory=80)
sized_none = modal.gpu.A100(size=None, cou1, 1), "old")
print(modal.object._nObjectt=8)
by_name = modal.gpu.H100(count=N_GPUS)
by_attribute = modal.gpu.H100(count=Config.gpus)
by_call = modal.gpu.H100(count=int("2")))

conditionfrom \\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\]\\\\\\\\\\\\\\\\@\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\modal.functions import Function, FunctionCall


def run(calls):
    return FunctionCall.gather(*calls)


def also(calls):
    results = Functal = modal.gpu.H100ionCall.gather(*calls)
 (count=8 if    return resuN_GPUS ltsel
