// Signs and verifies a model with swift-model-signing's public API:
//   consumer sign   MODEL PRIVATE_KEY.pem SIGNATURE
//   consumer verify MODEL PUBLIC_KEY.pem  SIGNATURE [FILE]
// `verify` also opens the model for load-time verification and reads FILE (a path inside the
// model) through it. Exit status 0 on success, 1 with the error on stderr otherwise.
import Foundation
import ModelHashing
import ModelSigning

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("consumer: \(message)\n".utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4 else {
    fail("usage: consumer sign MODEL KEY.pem SIGNATURE | consumer verify MODEL KEY.pub SIGNATURE [FILE]")
}
let (command, model, key, signature) = (arguments[0], arguments[1], arguments[2], arguments[3])

do {
    switch command {
    case "sign":
        let signer = ModelSigner(signer: KeySigner(privateKey: try ECPrivateKey(contentsOf: key)))
        try await signer.sign(modelAt: model, signatureAt: signature)
        print("signed \(model)")
    case "verify":
        let verifier = KeyVerifier(publicKey: try ECPublicKey(contentsOf: key))
        let result = try await ModelVerifier(verifier: verifier).verify(modelAt: model, signatureAt: signature)
        print("verified \(result.signedManifest.resources.count) files signed by \(result.signer)")
        if arguments.count > 4 {
            guard let path = ModelPath(arguments[4]) else { fail("not a model path: \(arguments[4])") }
            let signed = try await SignedModel.open(modelAt: model, signatureAt: signature, verifier: verifier)
            let bytes = try await signed.readFile(path)
            print("read \(bytes.count) verified bytes of \(path)")
        }
    default:
        fail("unknown command \(command)")
    }
} catch {
    fail("\(error)")
}
