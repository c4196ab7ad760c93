/// The parts of a hashed range that a caller keeps (see ``HashingRangeReader/Window``), and
/// how a piece of the range reaches them: read straight into a window that holds the whole
/// piece, or copied from the memory the piece was read and hashed in.
///
/// Either way the bytes a window receives are the bytes that were hashed, never a second read.
/// Pieces at different file offsets touch different memory of every window, so several threads
/// may fill one set of windows as long as their pieces do not overlap.
struct RangeWindows {
    let windows: [HashingRangeReader.Window]

    /// The non-empty windows of `windows`.
    init(_ windows: [HashingRangeReader.Window]) {
        self.windows = windows.filter { !$0.range.isEmpty }
    }

    var isEmpty: Bool { windows.isEmpty }

    /// The first window holding all of `piece`, and the memory for `piece` in it.
    func container(of piece: Range<Int64>) -> (index: Int, memory: UnsafeMutableRawBufferPointer)? {
        guard let index = windows.firstIndex(where: { $0.range.lowerBound <= piece.lowerBound && piece.upperBound <= $0.range.upperBound }) else {
            return nil
        }
        let window = windows[index]
        let start = Int(piece.lowerBound - window.range.lowerBound)
        return (index, UnsafeMutableRawBufferPointer(rebasing: window.destination[start..<(start + Int(piece.count))]))
    }

    /// Copies the parts of `bytes` (holding `piece`) that fall inside windows into them, except
    /// into the window at `skipped` (where the piece was read).
    func distribute(_ bytes: UnsafeRawBufferPointer, of piece: Range<Int64>, skipping skipped: Int?) {
        for (index, window) in windows.enumerated() where index != skipped {
            let lower = max(piece.lowerBound, window.range.lowerBound)
            let upper = min(piece.upperBound, window.range.upperBound)
            guard lower < upper else { continue }
            let source = Int(lower - piece.lowerBound)
            let target = Int(lower - window.range.lowerBound)
            let count = Int(upper - lower)
            UnsafeMutableRawBufferPointer(rebasing: window.destination[target..<(target + count)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[source..<(source + count)]))
        }
    }
}
