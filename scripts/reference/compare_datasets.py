#!/usr/bin/env python3
"""Independent check of `scaleplan compare` on Gadre et al.'s runs (../shared/data/gadre2024):
each dataset's Chinchilla law on loss_paloma_c4_en (Huber 1e-3 on log L, summed; L-BFGS-B from a
4,500-point grid, then Nelder-Mead), and the compute and data multipliers by the closed forms.
Run from the repository root: OMP_NUM_THREADS=1 python3 scripts/reference/compare_datasets.py
(about 10 minutes of CPU). Its figures are pinned in Tests/CLITests/CompareCommandTests.swift."""
import csv, numpy as np, itertools
from scipy.optimize import minimize
from scipy.special import logsumexp
rows=list(csv.DictReader(open('../shared/data/gadre2024/gadre2024_runs.csv')))
def huber(r,d=1e-3):
    a=np.abs(r); return np.where(a<=d,0.5*r*r,d*(a-0.5*d))
def fit(N,D,L):
    lN,lD,lL=np.log(N),np.log(D),np.log(L)
    def f(t):
        a,b,e,al,be=t
        pred=logsumexp([a-al*lN,b-be*lD,e*np.ones_like(lN)],axis=0)
        return huber(pred-lL).sum()
    best=None
    for a,b,e,al,be in itertools.product([0,5,10,15,20,25],[0,5,10,15,20,25],[-1,-.5,0,.5,1],[0,.5,1,1.5,2],[0,.5,1,1.5,2]):
        r=minimize(f,[a,b,e,al,be],method='L-BFGS-B',options=dict(ftol=1e-15,gtol=1e-12,maxiter=5000))
        if best is None or r.fun<best.fun: best=r
    r=minimize(f,best.x,method='Nelder-Mead',options=dict(xatol=1e-12,fatol=1e-16,maxiter=20000))
    if r.fun<best.fun: best=r
    a,b,e,al,be=best.x
    return dict(E=np.exp(e),A=np.exp(a),B=np.exp(b),alpha=al,beta=be,F=best.fun)
laws={}
for g in ['c4_original','rpj','rw_original']:
    R=[r for r in rows if r['dataset']==g]
    laws[g]=fit(np.array([float(r['N']) for r in R]),np.array([float(r['D']) for r in R]),np.array([float(r['loss_paloma_c4_en']) for r in R]))
    print(g,laws[g])
def copt(L,l):
    red=l-L['E']; x=L['beta']*red/(L['alpha']+L['beta']); y=L['alpha']*red/(L['alpha']+L['beta'])
    return (L['A']/x)**(1/L['alpha']),(L['B']/y)**(1/L['beta'])
for l in [2.5,2.4]:
    nb,db=copt(laws['c4_original'],l)
    for g in ['rpj','rw_original']:
        n,d=copt(laws[g],l); Lb=laws['c4_original']
        dbase=(Lb['B']/(l-Lb['E']-Lb['A']*n**-Lb['alpha']))**(1/Lb['beta'])
        print(l,g,'flops',6*n*d,'compute',nb*db/(n*d),'data',dbase/d)
