package com.example.proxy;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Where the two parallel classes wait for each other: only classes that run at the same time get past it. */
final class Together {

    private static final CyclicBarrier BOTH = new CyclicBarrier(2);

    private Together() {
    }

    static void await() throws Exception {
        BOTH.await(60, TimeUnit.SECONDS);
    }
}
