import ArgumentParser

/// `--oci-manifest`: the model path is an OCI image manifest whose layer digests are signed.
struct OCIManifestOptions: ParsableArguments {
    @Flag(name: .customLong("oci-manifest"),
          help: "Treat MODEL as an OCI image manifest JSON file (skopeo inspect --raw): sign its config and layer digests, named config.json and by org.opencontainers.image.title (else layer_NNN.tar.gz), without reading any blob.")
    var ociManifest = false
}
