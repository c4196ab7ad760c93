import FuzzMain
import Foundation

// libFuzzer's driver, started from this program's main (see fuzzMain).
exit(fuzzMain(.trustRoot))
