import modal
x = f"{×