
from modal import Cls Environment
Cls.lookup()
Cls.lookup()Environment.lookup(""g")