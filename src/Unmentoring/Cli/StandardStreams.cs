using System.Text;

namespace Unmentoring.Cli;

/// <summary>
/// The command line's standard output and error: on Linux, UTF-8 writers of our own over the process's streams
/// (ADR 0041). The first use of <c>Console.Out</c> asks the locale for the console's character set, which took
/// 15 to 25 ms before a short command (<c>pair</c>, <c>--version</c>) could do anything. Every terminal and pipe
/// this service meets on Linux is UTF-8, and the files and JSON it writes always were. The writers are also
/// installed as <c>Console.Out</c> and <c>Console.Error</c>, so the console logger and the command write each
/// stream through one writer, one lock and one encoding. On Windows the console's code page is honoured, through
/// <c>Console</c> itself.
/// </summary>
internal static class StandardStreams
{
    public static TextWriter Output() => Install(() => Console.Out, Console.OpenStandardOutput, Console.SetOut);

    public static TextWriter Error() => Install(() => Console.Error, Console.OpenStandardError, Console.SetError);

    private static TextWriter Install(Func<TextWriter> console, Func<Stream> open, Action<TextWriter> set)
    {
        if (OperatingSystem.IsWindows())
        {
            return console();
        }

        var writer = Open(open());
        set(writer);
        return writer;
    }

    /// <summary>As the runtime builds <c>Console.Out</c>: a 256-character buffer flushed on every write, safe to share between threads.</summary>
    private static TextWriter Open(Stream stream) =>
        TextWriter.Synchronized(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 256, leaveOpen: true) { AutoFlush = true });
}
