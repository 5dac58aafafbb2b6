using Unmentoring.Cli;

var output = StandardStreams.Output();
var error = StandardStreams.Error();
return await CliApp.RunAsync(args, output, error, TimeProvider.System);
