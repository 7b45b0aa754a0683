using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Tracking;

/// <summary>Rasa's <c>applied_events</c>: the events that still count after resets, undos, rewinds and loop repeats.</summary>
public sealed partial class TrackerReplayer
{
    /// <summary>
    /// Folds the next event into <see cref="_applied"/>, Rasa's <c>applied_events</c>. That function is a left fold
    /// over all events with the set of loop names fixed; the set only grows, so the fold continues incrementally and
    /// starts over only when a new loop name appears.
    /// </summary>
    private void FoldApplied(ReplayEvent e)
    {
        if (_appliedLoopNames != _loopNames.Count)
        {
            _applied.Clear();
            _appliedLoopNames = _loopNames.Count;
            foreach (var earlier in _all)
            {
                Fold(_applied, earlier);
            }

            return;
        }

        Fold(_applied, e);
    }

    private void Fold(List<ReplayEvent> applied, ReplayEvent e)
    {
        switch (e.Type)
        {
            case EventTypes.Restart:
            case EventTypes.SessionStarted:
                applied.Clear();
                break;
            case EventTypes.Undo:
                UndoTillPrevious(applied, EventTypes.Action);
                break;
            case EventTypes.Rewind:
                UndoTillPrevious(applied, EventTypes.User);
                UndoTillPrevious(applied, EventTypes.Action);
                break;
            case EventTypes.Action when e.Name is { } name && _loopNames.Contains(name)
                                        && !IsFirstLoopExecutionOrUnhappyPath(name, applied):
                UndoTillPreviousLoopExecution(name, applied);
                break;
            default:
                applied.Add(e);
                break;
        }
    }

    /// <summary>Removes events from the end up to and including the latest one of <paramref name="type"/>.</summary>
    private static void UndoTillPrevious(List<ReplayEvent> applied, string type)
    {
        while (applied.Count > 0)
        {
            var last = applied[^1];
            applied.RemoveAt(applied.Count - 1);
            if (last.Type == type)
            {
                return;
            }
        }
    }

    private static bool IsFirstLoopExecutionOrUnhappyPath(string loopAction, List<ReplayEvent> applied)
    {
        string? nextAction = null;
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            var e = applied[i];
            if (e.Type == EventTypes.ActiveLoop && e.Name is null)
            {
                return true;
            }

            var rejectedBefore = e.Type == EventTypes.ActionExecutionRejected && e.Name == loopAction;
            var otherActionAfterUser = e.Type == EventTypes.User && nextAction is not null && nextAction != loopAction;
            if (rejectedBefore || otherActionAfterUser)
            {
                return true;
            }

            if (e.Type == EventTypes.Action)
            {
                if (e.Name == loopAction)
                {
                    return false;
                }

                nextAction = e.Name;
            }
        }

        return true;
    }

    /// <summary>Drops the actions and user turns since the loop's previous execution, keeping other events.</summary>
    private static void UndoTillPreviousLoopExecution(string loopAction, List<ReplayEvent> applied)
    {
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            var e = applied[i];
            if (e.Type == EventTypes.Action && e.Name == loopAction)
            {
                break;
            }

            if (e.Type is EventTypes.Action or EventTypes.User or EventTypes.UserFeaturization)
            {
                applied.RemoveAt(i);
            }
        }
    }
}
