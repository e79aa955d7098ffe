import modal
x = (
# c
×1)
