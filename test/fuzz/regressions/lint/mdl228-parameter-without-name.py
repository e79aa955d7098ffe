from modal import exit as on_exit@on_exit
def n(d« ):