#!/usr/bin/env bash
# Regenerates Sources/LSTMKit/Export/Proto/onnx.pb.swift from onnx.proto (the committed Swift is what the package
# builds; the package never builds the plugin). onnx.proto comes unchanged from the onnx wheel on PyPI:
#     pip download --no-deps onnx==1.23.2 && unzip -j onnx-1.23.2-*.whl onnx/onnx.proto
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and protoc-gen-swift of swift-protobuf 1.39.0, the
# version Package.swift uses, built once outside the repository:
#     git clone https://github.com/apple/swift-protobuf /tmp/protoc-gen-swift && cd /tmp/protoc-gen-swift
#     git checkout 1.39.0 && swift build -c release --product protoc-gen-swift
# PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift overrides the default /tmp/protoc-gen-swift/.build/release/protoc-gen-swift.
set -euo pipefail
cd "$(dirname "$0")/../Sources/LSTMKit/Export/Proto"
PLUGIN="${PROTOC_GEN_SWIFT:-/tmp/protoc-gen-swift/.build/release/protoc-gen-swift}"
protoc --plugin=protoc-gen-swift="$PLUGIN" --swift_out=. --swift_opt=Visibility=Internal onnx.proto
