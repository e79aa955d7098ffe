import modal
x = (
c c
×1)
