using NetTumorBoard.Web.Platform.Startup;

// Verbs: (none) serve the app; `migrate` apply the database schema and exit (production deployments).
return await Cli.RunAsync(args);
