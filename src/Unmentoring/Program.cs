using Unmentoring.Cli;

return await CliApp.RunAsync(args, StandardStreams.Output(), StandardStreams.Error(), TimeProvider.System);
