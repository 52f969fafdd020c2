package io.github.proxysessions.local.cfn;

import java.util.Map;

/**
 * The CloudFormation the runner plays: one ResponseURL server and one set of functions for the whole run, one
 * {@link StackDeployment} per stack operation. It knows no resource type itself: the layer above gives it the types
 * with a local meaning, and follows the records through {@link StateStore#beforeSave}.
 */
public final class LocalCloudFormation implements AutoCloseable {

    private final StateStore store;
    private final EventPrinter printer;
    private final StackDeployment.Options options;
    private final Map<String, LocalResourceType> localTypes;
    private final ResponseServer responses = new ResponseServer();
    private final CustomResources custom;

    /**
     * @param localTypes the types with a local meaning, by CloudFormation type name; every other type that is not a
     *                   custom resource is recorded only
     */
    public LocalCloudFormation(StateStore store, Functions functions, EventPrinter printer, boolean duplicateDelivery,
                               StackDeployment.Options options, Map<String, LocalResourceType> localTypes) {
        this.store = store;
        this.printer = printer;
        this.options = options;
        this.localTypes = Map.copyOf(localTypes);
        this.custom = new CustomResources(responses, functions, duplicateDelivery);
    }

    /**
     * Checks, before anything is changed, that the stack's record can be read and that its template can be played.
     *
     * @throws DamagedRecordException naming the record's file
     * @throws TemplateException      naming what the runner cannot play
     */
    public void check(CloudAssembly.Stack stack) {
        store.load(stack.name());
        stack.template().check();
    }

    public StackDeployment.Result deploy(CloudAssembly.Stack stack) {
        return new StackDeployment(store, stack.name(), custom, printer, options, localTypes,
                stack.assetsByObjectKey()).deploy(stack.template());
    }

    public StackDeployment.Result destroy(String stackName) {
        return new StackDeployment(store, stackName, custom, printer, options, localTypes, Map.of())
                .destroy();
    }

    @Override
    public void close() {
        responses.close();
    }
}
