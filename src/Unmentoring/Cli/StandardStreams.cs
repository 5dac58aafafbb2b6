using System.Text;

namespace Unmentoring.Cli;

/// <summary>
/// The command line's standard output and error, as UTF-8 writers over the process's streams (ADR 0041).
/// <c>Console.Out</c> first asks the environment's locale for the console's encoding, which loads the ICU
/// globalization library: about 10 to 15 ms that every short command (<c>pair</c>, <c>--version</c>) paid
/// before doing anything. Every terminal and pipe this service meets on Linux is UTF-8, and the files and
/// JSON it writes always were. On Windows the console's code page is honoured, through <c>Console</c>.
/// </summary>
internal static class StandardStreams
{
    public static TextWriter Output() => OperatingSystem.IsWindows() ? Console.Out : Open(Console.OpenStandardOutput());

    public static TextWriter Error() => OperatingSystem.IsWindows() ? Console.Error : Open(Console.OpenStandardError());

    /// <summary>Flushed on every write and safe to share between threads, as <c>Console.Out</c> is.</summary>
    private static TextWriter Open(Stream stream) =>
        TextWriter.Synchronized(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 256, leaveOpen: true) { AutoFlush = true });
}
