import LSTMKit
print("lstm")
