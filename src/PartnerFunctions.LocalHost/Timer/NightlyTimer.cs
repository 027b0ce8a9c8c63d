using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.Workflows.Reevaluation;

namespace PartnerFunctions.LocalHost.Timer;

/// <summary>
/// The Functions app's "ReevaluationTimer": at each occurrence of <c>ReevaluationSchedule</c> (UTC; the former
/// <c>Reevaluation__Schedule</c> is still read when it is not set) it starts that day's nightly re-evaluation through
/// <see cref="ReevaluationStarter.StartFromTimerAsync"/> (a singleton per day, so a second host or a restart on the
/// same day starts nothing new).
/// </summary>
public sealed partial class NightlyTimer : BackgroundService
{
    // Task.Delay takes at most ~49 days; the next occurrence is recomputed after each wait anyway.
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(12);

    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<NightlyTimer> _logger;
    private readonly bool _enabled;

    public NightlyTimer(IServiceProvider services, IConfiguration configuration, IOptions<LocalHostOptions> options, TimeProvider clock, ILogger<NightlyTimer> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _clock = clock;
        _logger = logger;
        _enabled = options.Value.RunTimer;

        // Parsed here so that a bad schedule stops the host at start-up, as it stops the Functions host.
        Schedule = NightlySchedule.Parse(
            configuration[ReevaluationStarter.ScheduleSetting] ?? configuration[ReevaluationStarter.FormerScheduleSetting] ?? ReevaluationStarter.DefaultSchedule);
    }

    public NightlySchedule Schedule { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            LogDisabled(_logger);
            return;
        }

        var next = Schedule.Next(_clock.GetUtcNow());
        LogNext(_logger, Schedule.Expression, next);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < LongestWait ? wait : LongestWait, _clock, stoppingToken);
                continue;
            }

            await FireAsync(stoppingToken);
            next = Schedule.Next(_clock.GetUtcNow() > next ? _clock.GetUtcNow() : next);
            LogNext(_logger, Schedule.Expression, next);
        }
    }

    private async Task FireAsync(CancellationToken stoppingToken)
    {
        try
        {
            var client = _services.GetRequiredService<DurableTaskClient>();
            await _services.GetRequiredService<ReevaluationStarter>().StartFromTimerAsync(client, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The Functions host logs a failed timer invocation and keeps the schedule; so does this.
            LogFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly re-evaluation timer ({Schedule}, UTC): next run at {Next:u}")]
    private static partial void LogNext(ILogger logger, string schedule, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly re-evaluation timer is off (LocalHost__RunTimer=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Nightly re-evaluation timer: starting the run failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
