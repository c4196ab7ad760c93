print("model-signing")
