package dev.veto.control;

import java.util.List;

/** What a command wrote: its events with their log indices, and the revision they produced. */
public record Committed(List<Written> events, long revision) {
    public Committed {
        events = List.copyOf(events);
    }

    /** One event and the log index that holds it. */
    public record Written(long index, Event event) {}

    /** The log index of the command's first event. */
    public long firstIndex() {
        return events.get(0).index();
    }

    /** The first written event of type {@code type}, e.g. the case a command opened. */
    public <E extends Event> E first(Class<E> type) {
        return events.stream().map(Written::event).filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " was written"));
    }
}
