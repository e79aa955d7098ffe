import modal
app =modal.App()
@app.cls
class d:
 def __init__(f:): 