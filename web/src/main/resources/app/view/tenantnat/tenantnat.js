/*
 * Tenant NAT view in ONOS's GUI. Its content is the page in the view's frame (/onos/tenantnat/gui/), which
 * reads tenantnat's REST API; this module only gives ONOS's router the controller it expects for #/tenantnat.
 */
(function () {
    'use strict';

    angular.module('ovTenantnat', [])
        .controller('OvTenantnatCtrl', ['$log', function ($log) {
            $log.debug('OvTenantnatCtrl has been created');
        }]);
}());
