import modal
x = f"{×