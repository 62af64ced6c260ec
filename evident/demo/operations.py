"""Resolution and fulfilment: incidents (some caused by changes), problems with their known
errors published for the service desk, service requests.

Users report in working hours, so most incidents and requests are opened then;
critical incidents are rare and happen at any hour. Resolution times depend on
priority and have a long tail.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.operations.models.priority import DEFAULT_CELLS
from evident.operations.recurrence import MIN_INCIDENTS, WINDOW
from evident.support.models import KnowledgeArticle

from .build import Build
from .names import REQUESTS, SYMPTOMS
from .timeline import DAY, HOUR, MINUTE, long_tail

PRIORITY_WEIGHTS = {1: 1.5, 2: 10.0, 3: 55.0, 4: 33.5}
MEDIAN_RESOLUTION_HOURS = {1: 1.2, 2: 2.5, 3: 7.0, 4: 20.0}
TARGET_HOURS = {1: 4, 2: 8, 3: 24, 4: 72}
CHANGE_INCIDENT_SHARE = 0.02  # successful changes that still disturb something
REQUEST_TARGET_HOURS = 72
CANCELLED_REQUEST_SHARE = 0.02
PROBLEM_LOOKBACK = 45 * DAY
SECURITY_SYMPTOMS = ("access denied for a team", "certificate warning shown to users")
SECURITY_SHARE = 0.15  # of incidents with those symptoms, found to be security incidents
# Every (impact, urgency) pair the priority matrix maps to each priority.
MATRIX_PAIRS = {
    p: [tuple(int(n) for n in key.split(",")) for key, v in DEFAULT_CELLS.items() if v == p]
    for p in (1, 2, 3, 4)
}
ROOT_CAUSE_AFTER = 150 * DAY  # problem analysts find a cause well within six months


def generate(build: Build) -> None:
    """Create the problems and the incidents linked to them, then the service requests."""
    rng = build.rng("incidents")
    weights = [rng.uniform(0.5, 2.0) for _ in build.live_services]
    incidents = _caused_by_changes(rng, build)[: build.scale.incidents]
    for _ in range(build.scale.incidents - len(incidents)):
        service = rng.choices(build.live_services, weights)[0]
        priority = rng.choices(list(PRIORITY_WEIGHTS), list(PRIORITY_WEIGHTS.values()))[0]
        urgent = priority == 1 or (priority == 2 and rng.random() < 0.5)
        opened = build.timeline.any_time(rng) if urgent else build.timeline.working_time(rng)
        incidents.append(_incident(rng, build, service, priority, opened))
    incidents.sort(key=lambda i: i.opened_at)

    problems = _problems(build.rng("problems"), build, incidents)
    saved = build.save(Problem, problems + _recurrence_problems(build, incidents))
    build.save(KnowledgeArticle, _known_error_articles(build, saved))
    build.incidents = build.save(Incident, incidents)
    build.requests = build.save(ServiceRequest, _requests(build))


def _known_error_articles(build: Build, problems: list[Problem]) -> list[KnowledgeArticle]:
    """Each known error published for the service desk, with its workaround, when declared."""
    return [
        KnowledgeArticle(
            title=f"Known error: {problem.title}",
            body=f"Symptoms as in {problem.ref}. Workaround: {problem.workaround}",
            service=problem.service,
            problem=problem,
            status=KnowledgeArticle.Status.PUBLISHED,
            owner=build.owner("problem"),
            reviewed_on=problem.known_error_at.date(),
        )
        for problem in problems
        if problem.status == Problem.Status.KNOWN_ERROR
    ]


def _incident(rng, build: Build, service, priority: int, opened, change=None) -> Incident:
    end = build.timeline.end
    symptom = rng.choice(SYMPTOMS)
    impact, urgency = rng.choice(MATRIX_PAIRS[priority])
    incident = Incident(
        title=f"{service.name}: {symptom}",
        service=service,
        priority=priority,
        impact=impact,
        urgency=urgency,
        security=symptom in SECURITY_SYMPTOMS and rng.random() < SECURITY_SHARE,
        assignment_group=build.offerings[service.pk].team,
        major=priority == 1,
        opened_at=opened,
        caused_by_change=change,
    )
    resolved = opened + long_tail(rng, MEDIAN_RESOLUTION_HOURS[priority])
    if resolved >= end:
        incident.status = rng.choice((Incident.Status.IN_PROGRESS, Incident.Status.ON_HOLD))
        return incident
    incident.resolved_at = resolved
    closed = resolved + long_tail(rng, 30, 0.5)
    if closed < end:
        incident.status, incident.closed_at = Incident.Status.CLOSED, closed
    else:
        incident.status = Incident.Status.RESOLVED
    return incident


def _caused_by_changes(rng, build: Build) -> list[Incident]:
    """Incidents following failed and backed-out changes, and a few after successful ones.

    The change that started before its approval (a planted fault) caused nothing.
    """
    late = build.late_approved_change
    incidents = []
    for change in build.changes:
        if change.actual_start is None or change is late:
            continue
        if change.outcome == Change.Outcome.SUCCESSFUL:
            if rng.random() >= CHANGE_INCIDENT_SHARE:
                continue
            count, priorities = 1, ((3, 4), (60, 40))
        else:
            count, priorities = rng.randint(1, 2), ((1, 2, 3), (10, 45, 45))
        for _ in range(count):
            opened = change.actual_start + max(10 * MINUTE, long_tail(rng, 2.0, 0.7))
            if opened >= build.timeline.end:
                continue
            priority = rng.choices(*priorities)[0]
            incidents.append(_incident(rng, build, change.service, priority, opened, change))
    return incidents


def _problems(rng, build: Build, incidents: list[Incident]) -> list[Problem]:
    """Problems opened after serious incidents, each linked to the recent incidents like them."""
    timeline = build.timeline
    window = (timeline.start + 20 * DAY, timeline.end - 3 * DAY)
    serious = [i for i in incidents if window[0] <= i.opened_at <= window[1]]
    serious.sort(key=lambda i: (i.priority, i.opened_at))
    count = min(build.scale.problems, len(serious))
    anchors = sorted(rng.sample(serious[: max(count * 3, count)], count), key=lambda i: i.opened_at)

    by_service = defaultdict(list)
    for incident in incidents:
        by_service[incident.service.pk].append(incident)
    problems = []
    for anchor in anchors:
        if anchor.problem is not None:
            continue
        problem = _problem(rng, build, anchor)
        anchor.problem = problem
        same_service = by_service[anchor.service.pk]
        times = [i.opened_at for i in same_service]
        low = bisect.bisect_left(times, anchor.opened_at - PROBLEM_LOOKBACK)
        high = bisect.bisect_left(times, anchor.opened_at)
        earlier = [i for i in same_service[low:high] if i.problem is None]
        for incident in rng.sample(earlier, min(len(earlier), rng.randint(1, 4))):
            incident.problem = problem
        problems.append(problem)
    return problems


def _recurrence_problems(build: Build, incidents: list[Incident]) -> list[Problem]:
    """A problem for each run of recurring major or change-induced incidents on one service.

    Those incidents name the service's main configuration item (``portfolio.link_records``),
    so three of them within the recurrence window are a recurring group
    (``operations.recurrence``); problem management opens a problem for each run.
    """
    end, problems = build.timeline.end, []
    by_service = defaultdict(list)
    for incident in incidents:
        if incident.problem is None and (incident.major or incident.caused_by_change):
            by_service[incident.service.pk].append(incident)
    for candidates in by_service.values():
        index = 0
        while index + MIN_INCIDENTS <= len(candidates):
            if not _within_window(candidates, index + MIN_INCIDENTS - 1):
                index += 1
                continue
            stop = index + MIN_INCIDENTS
            while stop < len(candidates) and _within_window(candidates, stop):
                stop += 1
            problems.append(_recurrence_problem(build, candidates[index:stop], end))
            index = stop
    return problems


def _within_window(incidents: list[Incident], last: int) -> bool:
    """Whether incident ``last`` opened within the window of the one two places before it."""
    first = incidents[last - MIN_INCIDENTS + 1]
    return incidents[last].opened_at - first.opened_at <= WINDOW


def _recurrence_problem(build: Build, run: list[Incident], end) -> Problem:
    service = run[0].service
    opened = min(run[MIN_INCIDENTS - 1].opened_at + 4 * HOUR, end - HOUR)
    problem = Problem(
        title=f"Repeated disruption of {service.name}", service=service, opened_at=opened
    )
    resolved = opened + 21 * DAY
    if resolved < end:
        problem.status, problem.resolved_at = Problem.Status.RESOLVED, resolved
        problem.root_cause = "Weak component behind the repeated disruption; replaced by a change."
    for incident in run:
        incident.problem = problem
    return problem


def _problem(rng, build: Build, anchor: Incident) -> Problem:
    end = build.timeline.end
    symptom = anchor.title.split(": ", 1)[1]
    opened = min(anchor.opened_at + long_tail(rng, 30, 0.5), end - HOUR)
    problem = Problem(
        title=f"Recurring {symptom} on {anchor.service.name}",
        service=anchor.service,
        opened_at=opened,
        workaround="Restart the affected component and inform users through the status page.",
    )
    resolved = opened + long_tail(rng, 14 * 24, 0.6)
    if resolved < end - 2 * DAY:
        problem.resolved_at = resolved
        problem.root_cause = f"Configuration defect behind '{symptom}'; corrected by a change."
        closed = resolved + 7 * DAY < end
        problem.status = Problem.Status.CLOSED if closed else Problem.Status.RESOLVED
    elif rng.random() < 0.6:
        problem.status = Problem.Status.KNOWN_ERROR
        problem.known_error_at = min(opened + long_tail(rng, 48, 0.5), end - HOUR)
    else:
        problem.status, problem.workaround = Problem.Status.OPEN, ""
    if problem.resolved_at is None and opened < end - ROOT_CAUSE_AFTER:
        problem.root_cause = f"Defect behind '{symptom}' identified; the fix awaits a release."
    return problem


def _requests(build: Build) -> list[ServiceRequest]:
    rng = build.rng("requests")
    timeline = build.timeline
    services = [s for s in build.live_services if build.offerings[s.pk].takes_requests]
    weights = [rng.uniform(0.5, 2.0) for _ in services]
    requests = []
    for _ in range(build.scale.requests):
        service = rng.choices(services, weights)[0]
        request = ServiceRequest(
            title=f"{rng.choice(REQUESTS)} ({service.name})",
            service=service,
            opened_at=timeline.working_time(rng),
        )
        fulfilled = request.opened_at + long_tail(rng, 10, 0.9)
        if rng.random() < CANCELLED_REQUEST_SHARE:
            request.status = ServiceRequest.Status.CANCELLED
        elif fulfilled >= timeline.end:
            request.status = ServiceRequest.Status.OPEN
        else:
            request.fulfilled_at = fulfilled
            closed = fulfilled + 2 * DAY < timeline.end
            request.status = (
                ServiceRequest.Status.CLOSED if closed else ServiceRequest.Status.FULFILLED
            )
        requests.append(request)
    requests.sort(key=lambda r: r.opened_at)
    return requests
